import Dispatch

/// Where the time of a computation goes, by layer, by direction (forward or backward) and by kind of work.
///
/// Off unless `start()` is called (`gan-bench --profile` does); while off, each hook costs one test of a flag.
/// Time is charged to the innermost open kind of work (a GEMM inside a convolution's forward pass counts as GEMM,
/// not twice); work of a layer outside any named kind is its "other" time. Backward passes are charged to the
/// layer whose forward pass recorded the operation. Only the calling thread is timed (the kernels it waits for
/// run on other threads too, but that waiting is where its time goes). Not thread-safe: profile one thread.
public enum Profiler {
    /// A kind of work the kernels report.
    public enum Kind: String, CaseIterable, Sendable {
        case im2col = "im2col/col2im", gemm = "GEMM", batchNorm = "BatchNorm", elementwise = "element-wise"
        case optimizer, other
    }

    /// The time charged to one layer, in nanoseconds.
    public struct LayerTimes: Sendable {
        public var forward: UInt64 = 0
        public var backward: UInt64 = 0
        public var byKind: [Kind: UInt64] = [:]
    }

    nonisolated(unsafe) public private(set) static var isEnabled = false
    nonisolated(unsafe) private static var layerPath: [String] = []
    nonisolated(unsafe) private static var layer = outside
    nonisolated(unsafe) private static var isBackward = false
    nonisolated(unsafe) private static var kinds: [Kind] = []
    nonisolated(unsafe) private static var since: UInt64 = 0
    nonisolated(unsafe) private static var times: [String: LayerTimes] = [:]
    /// Layer names in the order they first got time.
    nonisolated(unsafe) public private(set) static var layerOrder: [String] = []

    /// The row for work done outside any named layer (losses, noise, bookkeeping).
    public static let outside = "(outside layers)"

    /// Clears the record and starts timing.
    public static func start() {
        times = [:]
        layerOrder = []
        layerPath = []
        layer = outside
        kinds = []
        isBackward = false
        isEnabled = true
        since = now()
    }

    /// Stops timing and returns the time charged to each layer, in `layerOrder`.
    public static func stop() -> [(layer: String, times: LayerTimes)] {
        charge()
        isEnabled = false
        return layerOrder.map { ($0, times[$0]!) }
    }

    /// Runs `body` as the layer `name`, nested in the layer that is running (names are joined with "/").
    @inline(__always)
    public static func layer<R>(_ name: @autoclosure () -> String, _ body: () throws -> R) rethrows -> R {
        guard isEnabled else { return try body() }
        charge()
        let saved = layer
        layerPath.append(name())
        layer = layerPath.joined(separator: "/")
        defer { charge(); layerPath.removeLast(); layer = saved }
        return try body()
    }

    /// Runs `body` as work of `kind`.
    @inline(__always)
    public static func measure<R>(_ kind: Kind, _ body: () throws -> R) rethrows -> R {
        guard isEnabled else { return try body() }
        charge()
        kinds.append(kind)
        defer { charge(); kinds.removeLast() }
        return try body()
    }

    /// The layer that is running, to be remembered by an operation for its backward pass (`nil` while off).
    static var currentLayer: String? { isEnabled ? layer : nil }

    /// Runs the backward pass of an operation recorded in `recordedLayer`, charged to that layer.
    @inline(__always)
    static func backward<R>(of recordedLayer: String?, _ body: () throws -> R) rethrows -> R {
        guard isEnabled else { return try body() }
        charge()
        let (savedLayer, savedDirection) = (layer, isBackward)
        layer = recordedLayer ?? outside
        isBackward = true
        defer { charge(); layer = savedLayer; isBackward = savedDirection }
        return try body()
    }

    private static func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

    /// Adds the time since the last charge to the layer, direction and kind that were running.
    private static func charge() {
        let t = now()
        let elapsed = t - since
        since = t
        if times[layer] == nil {
            times[layer] = LayerTimes()
            layerOrder.append(layer)
        }
        if isBackward { times[layer]!.backward += elapsed } else { times[layer]!.forward += elapsed }
        times[layer]!.byKind[kinds.last ?? .other, default: 0] += elapsed
    }
}
