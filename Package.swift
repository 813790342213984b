// swift-tools-version: 6.1
//
// GAN Course: Generative Adversarial Networks from first principles, in Swift.
//
// Rooms of the house (arrows point one way, left to right):
//   TensorCore ─▶ NeuralNetworks ─▶ Datasets / Figures ─▶ Evaluation ─▶ ChapterSupport ─▶ Chapters/
//                                                                              ChapterSupport ─▶ Notebook ─▶ `notebook` (pages)
//                                   Datasets / Figures ─▶ LightningStyle (Lightning-style training) ─▶ Chapters/
//   NeuralNetworks ─▶ KerasStyle (chapter 5's Keras-style training API) ─▶ Chapters/
//   Exercises (student code) and Solutions (reference answers) ─▶ ExerciseChecks ─▶ Tests/, `exercises`
//   LocalHTTPServer (a test helper under Tests/) ─▶ DatasetsTests, ChapterSupportTests
//   TestFolders (a test helper under Tests/) ─▶ DatasetsTests, ChapterSupportTests, LightningStyleTests, NeuralNetworksTests
//   Exercises and Solutions ─▶ Chapters/ (for `--use-exercises`)
import PackageDescription

/// Hot loops live in these targets. `-Ounchecked` makes them fast even in the debug build
/// that `swift run` makes (no `-wmo`: it breaks debug builds).
let alwaysOptimized: [SwiftSetting] = [.unsafeFlags(["-Ounchecked"])]

/// What a chapter needs for `--use-exercises`: the student's answers, or the reference answers with `--traits Solutions`.
let studentCode: [Target.Dependency] = ["Exercises", .target(name: "Solutions", condition: .when(traits: ["Solutions"]))]

let package = Package(
    name: "GANCourse",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "GANCourse", targets: ["TensorCore", "NeuralNetworks", "Datasets", "Figures", "Evaluation", "ChapterSupport", "KerasStyle", "LightningStyle"]),
    ],
    traits: [
        .trait(name: "Solutions", description: "Check the exercises against the reference answers in Solutions/ instead of Exercises/."),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-numerics", from: "1.0.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.0"),
        .package(url: "https://github.com/JohnSundell/Ink", from: "0.6.0"),
        .package(url: "https://github.com/JohnSundell/Plot", from: "0.14.0"),
    ],
    targets: [
        // System libraries.
        .systemLibrary(name: "COpenBLAS", pkgConfig: "openblas",
                       providers: [.apt(["libopenblas-dev"]), .brew(["openblas"])]),
        .systemLibrary(name: "CPNG", pkgConfig: "libpng",
                       providers: [.apt(["libpng-dev"]), .brew(["libpng"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib",
                       providers: [.apt(["zlib1g-dev"])]),
        // What the processor can run (cpuid), so TensorCore chooses fast paths at run time.
        .target(name: "CCPUID", path: "Sources/CCPUID"),
        // The threads TensorCore computes on: a fork-join pool whose idle workers spin briefly before they sleep.
        .target(name: "CThreadPool", path: "Sources/CThreadPool"),

        // The library, one room per concern.
        .target(name: "TensorCore",
                dependencies: ["COpenBLAS", "CCPUID", "CThreadPool", .product(name: "RealModule", package: "swift-numerics")],
                swiftSettings: alwaysOptimized),
        .target(name: "NeuralNetworks", dependencies: ["TensorCore"], swiftSettings: alwaysOptimized),
        .target(name: "Datasets",
                dependencies: ["TensorCore", "CZlib", .product(name: "Crypto", package: "swift-crypto")],
                resources: [.copy("Samples")],
                swiftSettings: alwaysOptimized),
        .target(name: "Figures", dependencies: ["TensorCore", "CPNG", "CZlib"], swiftSettings: alwaysOptimized),
        .target(name: "Evaluation", dependencies: ["TensorCore", "NeuralNetworks", "Datasets"], swiftSettings: alwaysOptimized),
        .target(name: "KerasStyle", dependencies: ["TensorCore", "NeuralNetworks"], swiftSettings: alwaysOptimized),
        .target(name: "LightningStyle", dependencies: ["TensorCore", "NeuralNetworks", "Datasets", "Figures"]),
        .target(name: "ChapterSupport",
                dependencies: ["TensorCore", "NeuralNetworks", "Datasets", "Figures", "Evaluation",
                               .product(name: "ArgumentParser", package: "swift-argument-parser")]),

        // Exercises: the student's stubs, the reference answers, and the checks both are held to.
        .target(name: "Exercises", dependencies: ["TensorCore", "NeuralNetworks", "Figures"], path: "Exercises", exclude: ["README.md"]),
        .target(name: "Solutions", dependencies: ["TensorCore", "NeuralNetworks", "Figures"], path: "Solutions"),
        .target(name: "ExerciseChecks",
                dependencies: ["TensorCore", "NeuralNetworks", "Figures", "Exercises",
                               .target(name: "Solutions", condition: .when(traits: ["Solutions"]))]),
        .executableTarget(name: "exercises",
                          dependencies: ["ExerciseChecks", .product(name: "ArgumentParser", package: "swift-argument-parser")]),

        // Notebook pages: `swift run notebook chapter-03` runs a chapter and writes its index.html.
        .target(name: "Notebook", dependencies: ["ChapterSupport", .product(name: "Ink", package: "Ink"),
                                                 .product(name: "Plot", package: "Plot")],
                exclude: ["notebook-page.png"]),
        .executableTarget(name: "notebook",
                          dependencies: ["Notebook", .product(name: "ArgumentParser", package: "swift-argument-parser")]),

        // The chapters, read and run like notebooks.
        // `--use-exercises` runs the student's answers in them: each chapter also sees Exercises/ (Solutions/ with the trait).
        .executableTarget(name: "chapter-01", dependencies: ["ChapterSupport"] + studentCode, path: "Chapters/01-tensors"),
        .executableTarget(name: "chapter-02", dependencies: ["ChapterSupport"] + studentCode, path: "Chapters/02-autodiff"),
        .executableTarget(name: "chapter-03", dependencies: ["ChapterSupport"] + studentCode, path: "Chapters/03-mlp-gan"),
        .executableTarget(name: "chapter-04", dependencies: ["ChapterSupport"] + studentCode, path: "Chapters/04-minimax"),
        .executableTarget(name: "chapter-05", dependencies: ["ChapterSupport", "KerasStyle"] + studentCode, path: "Chapters/05-keras-gan"),
        .executableTarget(name: "chapter-06", dependencies: ["ChapterSupport", "LightningStyle"] + studentCode, path: "Chapters/06-lightning-gan"),
        .executableTarget(name: "chapter-07", dependencies: ["ChapterSupport"] + studentCode, path: "Chapters/07-dcgan"),

        // Benchmarks: `swift run -c release tensor-bench`, `swift run -c release gan-bench --config mlp`.
        .executableTarget(name: "tensor-bench", dependencies: ["TensorCore", "COpenBLAS"], path: "Benchmarks/tensor-bench"),
        .executableTarget(name: "loader-bench", dependencies: ["Datasets"], path: "Benchmarks/loader-bench"),
        .executableTarget(name: "gan-bench",
                          dependencies: ["TensorCore", "NeuralNetworks", .product(name: "ArgumentParser", package: "swift-argument-parser")],
                          path: "Benchmarks/gan-bench"),

        // Tests.
        .testTarget(name: "TensorCoreTests", dependencies: ["TensorCore"], resources: [.copy("Fixtures")]),
        .testTarget(name: "NeuralNetworksTests", dependencies: ["NeuralNetworks", "TestFolders"], resources: [.copy("Fixtures")]),
        .target(name: "LocalHTTPServer", path: "Tests/LocalHTTPServer"),  // test helper: a 127.0.0.1 server for download tests
        .target(name: "TestFolders", path: "Tests/TestFolders"),  // test helper: fresh temporary folders, removed when the tests exit
        .testTarget(name: "DatasetsTests", dependencies: ["Datasets", "LocalHTTPServer", "TestFolders"], resources: [.copy("Fixtures")]),
        .testTarget(name: "FiguresTests", dependencies: ["Figures"]),
        .testTarget(name: "EvaluationTests", dependencies: ["Evaluation"]),
        .testTarget(name: "ChapterSupportTests", dependencies: ["ChapterSupport", "LocalHTTPServer", "TestFolders"]),
        .testTarget(name: "KerasStyleTests", dependencies: ["KerasStyle"], resources: [.copy("Fixtures")]),
        .testTarget(name: "LightningStyleTests", dependencies: ["LightningStyle", "TestFolders"]),
        .testTarget(name: "ExerciseTests", dependencies: ["ExerciseChecks"]),
        .testTarget(name: "NotebookTests", dependencies: ["Notebook", "Figures"]),
    ]
)
