import Foundation
import Testing
import NeuralNetworks
import TensorCore

@Suite("Profiler: time by layer, direction and kind of work")
struct ProfilerTests {
    /// Runs in a process of its own: the profiler's record is global, and other tests run at the same time.
    @Test("a Linear layer's GEMMs land in its row, forward and backward; Tanh's work is element-wise; the optimizer's is its own")
    func chargesTheRightRows() async {
        await #expect(processExitsWith: .success) {
            var g = SeededGenerator(seed: 1)
            let model = Sequential([Linear(64, 128, using: &g), Tanh()])
            let optimizer = SGD(model.parameters(), lr: 0.1)
            let x = Tensor.randn([256, 64], using: &g)
            Profiler.start()
            let loss = Profiler.layer("M") { model(x) }.sum()
            loss.backward()
            Profiler.layer("step") { optimizer.step() }
            let rows = Dictionary(uniqueKeysWithValues: Profiler.stop().map { ($0.layer, $0.times) })
            func check(_ condition: Bool, _ message: String) {
                if !condition { FileHandle.standardError.write(Data((message + "\n").utf8)); exit(1) }
            }
            check(!Profiler.isEnabled, "still enabled after stop()")
            guard let linear = rows["M/0 Linear(64 → 128)"], let tanh = rows["M/1 Tanh"], let step = rows["step"]
            else { check(false, "rows: \(rows.keys.sorted())"); return }
            check(linear.forward > 0 && linear.backward > 0, "Linear forward \(linear.forward), backward \(linear.backward)")
            check((linear.byKind[.gemm] ?? 0) > 0 && (linear.byKind[.batchNorm] ?? 0) == 0, "Linear kinds \(linear.byKind)")
            check((tanh.byKind[.elementwise] ?? 0) > 0 && (tanh.byKind[.gemm] ?? 0) == 0, "Tanh kinds \(tanh.byKind)")
            check((step.byKind[.optimizer] ?? 0) > 0 && step.backward == 0, "step \(step.byKind)")
            // Every nanosecond is charged once: the kinds add up to forward + backward in every row.
            for (name, times) in rows {
                check(times.byKind.values.reduce(0, +) == times.forward + times.backward, "\(name) does not add up")
            }
        }
    }
}
