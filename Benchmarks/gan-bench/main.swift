// gan-bench: times one full GAN training step on random data, to compare with PyTorch
// (Benchmarks/pytorch/gan_bench.py builds the same models; Benchmarks/compare.sh runs both).
//
//     swift run -c release gan-bench --config mlp --steps 20
//
// One step is what a GAN training loop does per batch (batch 128, Adam lr 2e-4, betas (0.5, 0.999), BCE):
//   D step: D(real) against ones and D(G(z).detach()) against zeros, backward, Adam step;
//   G step: D(G(z)) against ones (the non-saturating loss), backward, Adam step.
// The last line printed is `<config> ms/step=<number>`.
import ArgumentParser
import Foundation
import NeuralNetworks
import TensorCore

/// A benchmark model pair: the generator, the discriminator, and the shapes of one noise vector and one sample.
struct GANConfiguration {
    let generator: Sequential
    let discriminator: Sequential
    let noiseShape: [Int]
    let sampleShape: [Int]
}

/// The `mlp` GAN: G 100→256→512→1024→784 (LeakyReLU 0.2, Tanh), D 784→512→256→128→1 (LeakyReLU 0.2, Dropout 0.3, Sigmoid).
func mlpGAN(using g: inout SeededGenerator) -> GANConfiguration {
    let generator = Sequential([
        Linear(100, 256, using: &g), LeakyReLU(0.2), Linear(256, 512, using: &g), LeakyReLU(0.2),
        Linear(512, 1024, using: &g), LeakyReLU(0.2), Linear(1024, 784, using: &g), Tanh(),
    ])
    let discriminator = Sequential([
        Linear(784, 512, using: &g), LeakyReLU(0.2), Dropout(0.3, using: &g),
        Linear(512, 256, using: &g), LeakyReLU(0.2), Dropout(0.3, using: &g),
        Linear(256, 128, using: &g), LeakyReLU(0.2), Dropout(0.3, using: &g),
        Linear(128, 1, using: &g), Sigmoid(),
    ])
    return GANConfiguration(generator: generator, discriminator: discriminator, noiseShape: [100], sampleShape: [784])
}

/// A DCGAN for 28×28×1 images: nz 128, ngf = ndf = 32; spatial sizes 1→4→7→14→28 and back.
func dcgan28(using g: inout SeededGenerator) -> GANConfiguration {
    let (nz, ngf, ndf) = (128, 32, 32)
    let generator = Sequential([
        ConvTranspose2d(nz, ngf * 4, kernelSize: 4, stride: 1, padding: 0, bias: false, using: &g), BatchNorm2d(ngf * 4), ReLU(),      // 1 → 4
        ConvTranspose2d(ngf * 4, ngf * 2, kernelSize: 3, stride: 2, padding: 1, bias: false, using: &g), BatchNorm2d(ngf * 2), ReLU(), // 4 → 7
        ConvTranspose2d(ngf * 2, ngf, kernelSize: 4, stride: 2, padding: 1, bias: false, using: &g), BatchNorm2d(ngf), ReLU(),         // 7 → 14
        ConvTranspose2d(ngf, 1, kernelSize: 4, stride: 2, padding: 1, bias: false, using: &g), Tanh(),                                  // 14 → 28
    ])
    let discriminator = Sequential([
        Conv2d(1, ndf, kernelSize: 4, stride: 2, padding: 1, bias: false, using: &g), LeakyReLU(0.2),                                   // 28 → 14
        Conv2d(ndf, ndf * 2, kernelSize: 4, stride: 2, padding: 1, bias: false, using: &g), BatchNorm2d(ndf * 2), LeakyReLU(0.2),       // 14 → 7
        Conv2d(ndf * 2, ndf * 4, kernelSize: 3, stride: 2, padding: 1, bias: false, using: &g), BatchNorm2d(ndf * 4), LeakyReLU(0.2),   // 7 → 4
        Conv2d(ndf * 4, 1, kernelSize: 4, stride: 1, padding: 0, bias: false, using: &g), Sigmoid(),                                    // 4 → 1
    ])
    return GANConfiguration(generator: generator, discriminator: discriminator, noiseShape: [nz, 1, 1], sampleShape: [1, 28, 28])
}

/// The classic DCGAN for 32×32×3 images: nz 100, ngf = ndf = 64, BatchNorm everywhere except G's output and D's input.
func dcgan32(using g: inout SeededGenerator) -> GANConfiguration {
    let (nz, ngf, ndf) = (100, 64, 64)
    let generator = Sequential([
        ConvTranspose2d(nz, ngf * 8, kernelSize: 4, stride: 1, padding: 0, bias: false, using: &g), BatchNorm2d(ngf * 8), ReLU(),      // 1 → 4
        ConvTranspose2d(ngf * 8, ngf * 4, kernelSize: 4, stride: 2, padding: 1, bias: false, using: &g), BatchNorm2d(ngf * 4), ReLU(), // 4 → 8
        ConvTranspose2d(ngf * 4, ngf * 2, kernelSize: 4, stride: 2, padding: 1, bias: false, using: &g), BatchNorm2d(ngf * 2), ReLU(), // 8 → 16
        ConvTranspose2d(ngf * 2, 3, kernelSize: 4, stride: 2, padding: 1, bias: false, using: &g), Tanh(),                              // 16 → 32
    ])
    let discriminator = Sequential([
        Conv2d(3, ndf, kernelSize: 4, stride: 2, padding: 1, bias: false, using: &g), LeakyReLU(0.2),                                   // 32 → 16
        Conv2d(ndf, ndf * 2, kernelSize: 4, stride: 2, padding: 1, bias: false, using: &g), BatchNorm2d(ndf * 2), LeakyReLU(0.2),       // 16 → 8
        Conv2d(ndf * 2, ndf * 4, kernelSize: 4, stride: 2, padding: 1, bias: false, using: &g), BatchNorm2d(ndf * 4), LeakyReLU(0.2),   // 8 → 4
        Conv2d(ndf * 4, 1, kernelSize: 4, stride: 1, padding: 0, bias: false, using: &g), Sigmoid(),                                    // 4 → 1
    ])
    return GANConfiguration(generator: generator, discriminator: discriminator, noiseShape: [nz, 1, 1], sampleShape: [3, 32, 32])
}

enum ConfigName: String, ExpressibleByArgument, CaseIterable {
    case mlp, dcgan28, dcgan32
}

/// Seconds elapsed while running `body`.
func seconds(_ body: () -> Void) -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

struct GANBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gan-bench",
        abstract: "Times one full GAN training step (D step + non-saturating G step, Adam, batch 128) on random data.")

    @Option(help: "Which models: \(ConfigName.allCases.map(\.rawValue).joined(separator: ", ")).")
    var config: ConfigName = .mlp
    @Option(help: "Timed steps.")
    var steps: Int = 20
    @Option(help: "Untimed steps run first.")
    var warmup: Int = 3
    @Flag(help: "Also print where the timed steps' time goes: per layer, forward and backward, and per kind of work.")
    var profile = false

    func validate() throws {
        guard steps > 0, warmup >= 0 else { throw ValidationError("--steps must be positive and --warmup non-negative") }
    }

    func run() {
        let batch = 128
        var gen = SeededGenerator(seed: 0)
        let gan: GANConfiguration
        switch config {
        case .mlp: gan = mlpGAN(using: &gen)
        case .dcgan28: gan = dcgan28(using: &gen)
        case .dcgan32: gan = dcgan32(using: &gen)
        }
        let (generator, discriminator) = (gan.generator, gan.discriminator)
        let optimizerG = Adam(generator.parameters(), lr: 2e-4, betas: (0.5, 0.999))
        let optimizerD = Adam(discriminator.parameters(), lr: 2e-4, betas: (0.5, 0.999))
        let bce = BCELoss()
        let real = Tensor.uniform([batch] + gan.sampleShape, low: -1, high: 1, using: &gen)
        let ones = Tensor.ones([batch, 1]), zeros = Tensor.zeros([batch, 1])
        var timeD = 0.0, timeG = 0.0, timeAdam = 0.0
        var losses: (Float, Float) = (0, 0)

        func step(timed: Bool) {
            var fake = Tensor(0)
            var lossD = Tensor(0)
            let d = seconds {
                optimizerD.zeroGrad()
                fake = Profiler.layer("G") { generator(Tensor.randn([batch] + gan.noiseShape, using: &gen)) }
                let scoreReal = Profiler.layer("D") { discriminator(real) }, scoreFake = Profiler.layer("D") { discriminator(fake.detach()) }
                lossD = bce(scoreReal.reshape([batch, 1]), ones) + bce(scoreFake.reshape([batch, 1]), zeros)
                lossD.backward()
            }
            let adamD = seconds { Profiler.layer("Adam D") { optimizerD.step() } }
            var lossG = Tensor(0)
            let g = seconds {
                optimizerG.zeroGrad()
                lossG = bce(Profiler.layer("D") { discriminator(fake) }.reshape([batch, 1]), ones)
                lossG.backward()
            }
            let adamG = seconds { Profiler.layer("Adam G") { optimizerG.step() } }
            if timed { timeD += d; timeG += g; timeAdam += adamD + adamG }
            losses = (lossD.item, lossG.item)
        }

        for _ in 0..<warmup { step(timed: false) }
        if profile { Profiler.start() }
        let faultsBefore = minorPageFaults()
        let total = seconds { for _ in 0..<steps { step(timed: true) } }
        let faultsPerStep = Double(minorPageFaults() - faultsBefore) / Double(steps)
        let profiled = profile ? Profiler.stop() : []
        let perStep = { (s: Double) in (s * 1000 / Double(steps)).formatted(significantDigits: 4) }
        print("OpenBLAS kernels: \(OpenBLASCoreSelection.corename), processor: \(OpenBLASCoreSelection.processorName), \(computeThreads) thread(s)")
        print("Swift gan-bench, batch \(batch), G \(generator.parameterCount) parameters, D \(discriminator.parameterCount) parameters, \(warmup) warm-up + \(steps) timed steps")
        print("  D forward and backward (with the G forward pass): \(perStep(timeD)) ms")
        print("  G forward and backward: \(perStep(timeG)) ms")
        print("  Adam steps (D and G): \(perStep(timeAdam)) ms")
        print("  minor page faults per timed step: \(faultsPerStep.formatted(significantDigits: 3))")
        print("  last losses: D \(Double(losses.0).formatted(significantDigits: 5)), G \(Double(losses.1).formatted(significantDigits: 5))")
        if profile { print(profileTable(profiled, steps: steps)) }
        print("\(config.rawValue) ms/step=\(String(format: "%.2f", total * 1000 / Double(steps)))")
    }
}

/// The profile as a table of milliseconds per step: one row per layer, then the totals and each column's share.
func profileTable(_ rows: [(layer: String, times: Profiler.LayerTimes)], steps: Int) -> String {
    let kinds = Profiler.Kind.allCases
    let headers = ["forward", "backward"] + kinds.map(\.rawValue)
    let width = max(12, (rows.map(\.layer.count).max() ?? 0) + 2)
    func ms(_ ns: UInt64) -> String { String(format: "%.2f", Double(ns) / 1e6 / Double(steps)) }
    func line(_ name: String, _ cells: [String]) -> String {
        name.padding(toLength: width, withPad: " ", startingAt: 0) + cells.map { String(repeating: " ", count: max(0, 14 - $0.count)) + $0 }.joined()
    }
    var lines = ["", "Profile, ms per step (time of the calling thread, charged to the innermost kind of work):",
                 line("layer", headers)]
    var totals = [UInt64](repeating: 0, count: headers.count)
    for (layer, times) in rows {
        let cells = [times.forward, times.backward] + kinds.map { times.byKind[$0] ?? 0 }
        for (i, value) in cells.enumerated() { totals[i] += value }
        lines.append(line(layer, cells.map(ms)))
    }
    lines.append(line("total", totals.map(ms)))
    let all = Double(totals[0] + totals[1])
    lines.append(line("share", totals.map { String(format: "%.1f%%", 100 * Double($0) / max(all, 1)) }))
    return lines.joined(separator: "\n")
}

OpenBLASCoreSelection.selectAtStartup()
flushSubnormalsToZero()
GANBench.main()

/// Minor page faults of this process so far: memory the system had to map in, which a training step that reuses
/// its memory (see `TensorStorage`) hardly causes.
func minorPageFaults() -> Int {
    var usage = rusage()
    #if os(Linux)
    getrusage(RUSAGE_SELF.rawValue, &usage)
    #else
    getrusage(RUSAGE_SELF, &usage)
    #endif
    return Int(usage.ru_minflt)
}
