extension Chapter01 {
    /// Exercise 1.2 (part 1): row-major strides.
    ///
    /// A contiguous row-major tensor stores element `[i₀, i₁, …]` at flat position `Σ iₖ · strideₖ`.
    /// The last axis has stride 1 and each axis's stride is the product of the sizes after it:
    ///
    ///     rowMajorStrides([2, 3, 4]) == [12, 4, 1]
    ///     rowMajorStrides([])        == []
    public static func rowMajorStrides(_ shape: [Int]) throws -> [Int] {
        var strides = [Int](repeating: 1, count: shape.count)
        var running = 1
        for axis in shape.indices.reversed() {
            strides[axis] = running
            running *= shape[axis]
        }
        return strides
    }

    /// Exercise 1.2 (part 2): the flat (row-major) position of the element at `index` in a tensor of `shape`.
    ///
    ///     flatIndex([1, 2, 3], shape: [2, 3, 4]) == 1·12 + 2·4 + 3·1 == 23
    ///
    /// Throw `IndexOutOfRange` when `index` has the wrong number of components or a component is out of range.
    public static func flatIndex(_ index: [Int], shape: [Int]) throws -> Int {
        guard index.count == shape.count, zip(index, shape).allSatisfy({ $0 >= 0 && $0 < $1 }) else {
            throw IndexOutOfRange(index: index, shape: shape)
        }
        return zip(index, try rowMajorStrides(shape)).reduce(0) { $0 + $1.0 * $1.1 }
    }
}

/// The error `Chapter01.flatIndex(_:shape:)` throws for an index that does not fit the shape.
public struct IndexOutOfRange: Error, Equatable, CustomStringConvertible {
    public let index: [Int]
    public let shape: [Int]

    public init(index: [Int], shape: [Int]) {
        self.index = index
        self.shape = shape
    }

    public var description: String { "index \(index) does not fit shape \(shape)" }
}
