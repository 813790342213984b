#if Solutions
import Solutions
let studentFolder = "Solutions"
#else
import Exercises
let studentFolder = "Exercises"
#endif
import ChapterSupport
import NeuralNetworks
import TensorCore

/// The two losses of the training step: binary cross-entropy from the library, or, with `--use-exercises`,
/// the student's exercise 3.1 (the discriminator's loss) and 3.2 (the generator's non-saturating loss).
struct TrainingLosses: Sendable {
    /// D's loss from its verdicts on a real and a fake batch, and the target for the real ones.
    var discriminator: @Sendable (_ realScores: Tensor, _ fakeScores: Tensor, _ realLabel: Double) -> Tensor
    /// G's loss from D's verdicts on its fakes.
    var generator: @Sendable (_ fakeScores: Tensor) -> Tensor

    /// The library's: `BCELoss` against label tensors.
    static let library = TrainingLosses(
        discriminator: { real, fake, label in
            BCELoss()(real, Tensor.full(real.shape, label)) + BCELoss()(fake, Tensor.zeros(fake.shape))
        },
        generator: { fake in BCELoss()(fake, Tensor.ones(fake.shape)) })

    /// With `useExercises`, each loss the student has written replaces the library's; prints which.
    /// (Should the student's function throw later in the run, the chapter stops with its error rather than switch silently.)
    static func choose(useExercises: Bool) -> TrainingLosses {
        var losses = library
        let real = Tensor([[0.9], [0.6], [0.3]]), fake = Tensor([[0.2], [0.5], [0.7]])
        func difference(_ a: Tensor, _ b: Tensor) -> Double { Double((a - b).abs().max().item) }
        if StudentCode.use(exercise: "3.1", piece: "discriminator's loss", file: "\(studentFolder)/Chapter03/DiscriminatorLoss.swift",
                           enabled: useExercises, probe: {
                               difference(try Chapter03.discriminatorLoss(realScores: real, fakeScores: fake, realLabel: 0.9),
                                          library.discriminator(real, fake, 0.9))
                           }) {
            losses.discriminator = { real, fake, label in
                exitOnError { try Chapter03.discriminatorLoss(realScores: real, fakeScores: fake, realLabel: label) }
            }
        }
        if StudentCode.use(exercise: "3.2", piece: "generator's loss", file: "\(studentFolder)/Chapter03/GeneratorLoss.swift",
                           enabled: useExercises, probe: {
                               difference(try Chapter03.generatorLoss(fakeScores: fake), library.generator(fake))
                           }) {
            losses.generator = { fake in exitOnError { try Chapter03.generatorLoss(fakeScores: fake) } }
        }
        return losses
    }
}
