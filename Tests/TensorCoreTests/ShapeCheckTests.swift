import Testing
import TensorCore

/// The library is compiled `-Ounchecked`, which removes `precondition`: its shape checks use `require`, which stays.
/// These run the mistakes in a child process and read the message, as a student would see it.
@Suite("Shape mistakes stop with a message in every build")
struct ShapeCheckTests {
    @Test("matmul of [2, 3] by [2, 3] names both shapes")
    func matmulMismatch() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.ones([2, 3]).matmul(Tensor.ones([2, 3]))
        }
        let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(message.contains("matmul") && message.contains("[2, 3]"), "\(message)")
    }

    @Test("reshape to a different element count names both")
    func reshapeMismatch() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.ones([2, 3]).reshape([4, 2])
        }
        let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(message.contains("cannot reshape [2, 3]") && message.contains("[4, 2]"), "\(message)")
    }

    @Test("adding shapes that do not broadcast says so")
    func broadcastMismatch() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.ones([2, 3]) + Tensor.ones([4])
        }
        let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(message.contains("cannot be broadcast"), "\(message)")
    }
}
