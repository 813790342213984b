import Testing
import TensorCore

@Suite("copy(from:) takes only a tensor of the same shape")
struct CopyShapeTests {
    @Test("same shape: the values arrive")
    func sameShape() {
        let destination = Tensor.zeros([2, 3])
        destination.copy(from: Tensor([[1, 2, 3], [4, 5, 6]]))
        #expect(destination.scalars == [1, 2, 3, 4, 5, 6])
    }

    @Test("a [3, 2] tensor does not load into a [2, 3] one, though the counts match; the message names both shapes")
    func transposedShapeStops() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            Tensor.zeros([2, 3]).copy(from: Tensor.ones([3, 2]))
        }
        let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(message.contains("[3, 2]") && message.contains("[2, 3]"), "\(message)")
    }

    @Test("a different dtype stops too")
    func dtypeStops() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            Tensor.zeros([2]).copy(from: Tensor.zeros([2], dtype: .float64))
        }
        let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(message.contains("float64") && message.contains("float32"), "\(message)")
    }
}
