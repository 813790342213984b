/// An n-dimensional array of `Float` (or `Double`) with reverse-mode automatic differentiation.
///
/// Like a PyTorch tensor, a `Tensor` is a reference: a parameter keeps its `grad`, and every
/// operation returns a new tensor that remembers how it was made when gradients are needed.
/// Storage is contiguous and row-major; `shape` lists the sizes of the axes (`[]` for a scalar).
public final class Tensor: @unchecked Sendable {
    /// Sizes of the axes, outermost first. A scalar has shape `[]`.
    public let shape: [Int]
    /// The shared flat buffer.
    public let storage: TensorStorage
    /// The gradient accumulated by `backward()` for a leaf that requires it.
    public var grad: Tensor?
    /// An optional name, shown when the computational graph is drawn.
    public var label: String?
    /// The operation that produced this tensor, when it is part of a graph.
    var gradFn: GradNode?
    var _requiresGrad = false

    /// Wraps existing storage. The shape's element count must equal the storage's.
    public init(storage: TensorStorage, shape: [Int]) {
        require(shape.allSatisfy { $0 >= 0 }, "negative size in shape \(shape)")
        require(shape.reduce(1, *) == storage.count,
                     "shape \(shape) holds \(shape.reduce(1, *)) elements, the storage holds \(storage.count)")
        self.storage = storage
        self.shape = shape
    }

    /// A tensor with uninitialised contents, for kernels that write every element.
    public convenience init(uninitializedShape shape: [Int], dtype: DType = .float32) {
        self.init(storage: TensorStorage(count: shape.reduce(1, *), dtype: dtype), shape: shape)
    }

    /// A `float32` tensor holding `scalars` in row-major order.
    public convenience init(_ scalars: [Float], shape: [Int]) {
        require(scalars.count == shape.reduce(1, *),
                     "Tensor(_:shape:): \(scalars.count) scalars cannot fill shape \(shape) (\(shape.reduce(1, *)) elements)")
        self.init(uninitializedShape: shape, dtype: .float32)
        let p = storage.pointer(Float.self)
        scalars.withUnsafeBufferPointer { p.update(from: $0.baseAddress!, count: scalars.count) }
    }

    /// A 1-D `float32` tensor.
    public convenience init(_ scalars: [Float]) { self.init(scalars, shape: [scalars.count]) }

    /// A 2-D `float32` tensor from rows of equal length.
    public convenience init(_ rows: [[Float]]) {
        let columns = rows.first?.count ?? 0
        require(rows.allSatisfy { $0.count == columns }, "Tensor(_ rows:): rows have different lengths")
        self.init(rows.flatMap { $0 }, shape: [rows.count, columns])
    }

    /// A `float32` scalar (shape `[]`).
    public convenience init(_ value: Float) { self.init([value], shape: []) }

    /// A `float64` tensor holding `doubles` in row-major order.
    public convenience init(doubles: [Double], shape: [Int]) {
        require(doubles.count == shape.reduce(1, *),
                     "Tensor(doubles:shape:): \(doubles.count) scalars cannot fill shape \(shape)")
        self.init(uninitializedShape: shape, dtype: .float64)
        let p = storage.pointer(Double.self)
        doubles.withUnsafeBufferPointer { p.update(from: $0.baseAddress!, count: doubles.count) }
    }

    // MARK: Basic properties

    public var dtype: DType { storage.dtype }
    /// Number of elements.
    public var count: Int { storage.count }
    /// Number of axes.
    public var rank: Int { shape.count }
    /// True for tensors made by the user rather than by an operation.
    public var isLeaf: Bool { gradFn == nil }
    /// The name of the operation that made this tensor (`nil` for a leaf).
    public var operationName: String? { gradFn?.name }

    /// Whether gradients flow to (and, for leaves, accumulate in) this tensor.
    /// Only leaves may be switched; results of operations inherit it from their inputs.
    public var requiresGrad: Bool {
        get { _requiresGrad }
        set {
            require(isLeaf, "requiresGrad can only be changed on a leaf tensor; use detach() for results of operations")
            _requiresGrad = newValue
        }
    }

    /// Sets `requiresGrad` and returns the tensor, for chaining: `Tensor.randn([3], using: &g).requiringGrad()`.
    @discardableResult
    public func requiringGrad(_ flag: Bool = true) -> Tensor {
        requiresGrad = flag
        return self
    }

    /// Clears the accumulated gradient, like PyTorch's `zero_grad(set_to_none=True)`.
    public func zeroGrad() { grad = nil }

    // MARK: Reading and writing elements

    /// The elements as `Float`s, row-major.
    public var scalars: [Float] {
        switch dtype {
        case .float32: return Array(UnsafeBufferPointer(start: storage.pointer(Float.self), count: count))
        case .float64: return UnsafeBufferPointer(start: storage.pointer(Double.self), count: count).map { Float($0) }
        }
    }

    /// The elements as `Double`s, row-major.
    public var doubles: [Double] {
        switch dtype {
        case .float32: return UnsafeBufferPointer(start: storage.pointer(Float.self), count: count).map { Double($0) }
        case .float64: return Array(UnsafeBufferPointer(start: storage.pointer(Double.self), count: count))
        }
    }

    /// The value of a one-element tensor.
    public var item: Float {
        require(count == 1, "item: the tensor has shape \(shape) (\(count) elements), expected one element")
        return scalars[0]
    }

    /// The element at a full index, e.g. `x[1, 2]`.
    public subscript(index: Int...) -> Float {
        Float(element(at: index))
    }

    /// The element at a full index, as a `Double`.
    public func element(at index: [Int]) -> Double {
        require(index.count == rank, "index \(index) has \(index.count) components, the tensor has rank \(rank) (shape \(shape))")
        var offset = 0
        for (axis, i) in index.enumerated() {
            require(i >= 0 && i < shape[axis], "index \(index) is out of range for shape \(shape)")
            offset = offset * shape[axis] + i
        }
        switch dtype {
        case .float32: return Double(storage.pointer(Float.self)[offset])
        case .float64: return storage.pointer(Double.self)[offset]
        }
    }

    /// Read-only access to the `float32` buffer (the tensor must be `float32`).
    public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Float>) throws -> R) rethrows -> R {
        try body(UnsafeBufferPointer(start: storage.pointer(Float.self), count: count))
    }

    /// Write access to the `float32` buffer, for optimisers and data loaders.
    /// Writing to a tensor that is part of a graph invalidates that graph's gradients.
    public func withUnsafeMutableBufferPointer<R>(_ body: (UnsafeMutableBufferPointer<Float>) throws -> R) rethrows -> R {
        try body(UnsafeMutableBufferPointer(start: storage.pointer(Float.self), count: count))
    }

    /// Typed pointer for kernels generic over the scalar type.
    @inline(__always)
    public func pointer<T: TensorScalar>(_ type: T.Type) -> UnsafeMutablePointer<T> { storage.pointer(type) }
}

// MARK: Printing

extension Tensor: CustomStringConvertible {
    public var description: String {
        let values = scalars
        func format(_ v: Float) -> String {
            let s = String(format: "%.4f", v)
            return s
        }
        func render(_ axis: Int, _ offset: Int, _ stride: Int) -> String {
            if axis == rank { return format(values[offset]) }
            let n = shape[axis]
            let inner = stride / Swift.max(n, 1)
            var parts: [String] = []
            let limit = 6
            for i in 0..<n {
                if n > limit && i == 3 { parts.append("..."); continue }
                if n > limit && i > 3 && i < n - 2 { continue }
                parts.append(render(axis + 1, offset + i * inner, inner))
            }
            let sep = axis == rank - 1 ? ", " : ",\n" + String(repeating: " ", count: axis + 1)
            return "[" + parts.joined(separator: sep) + "]"
        }
        var text = rank == 0 ? format(values[0]) : render(0, 0, count)
        text += "  (shape \(shape)"
        if dtype != .float32 { text += ", \(dtype)" }
        if let op = operationName { text += ", from \(op)" } else if requiresGrad { text += ", requiresGrad" }
        return text + ")"
    }
}

import Foundation
