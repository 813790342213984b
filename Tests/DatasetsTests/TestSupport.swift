import Datasets
import Foundation
import Testing

/// A file or folder under `Fixtures/` (written by `Fixtures/make_fixtures.py`).
func fixture(_ path: String) -> URL {
    Bundle.module.url(forResource: "Fixtures", withExtension: nil)!.appendingPathComponent(path)
}

/// Runs `body` and returns the `DatasetError` it throws (recording an issue when it throws none or another error).
@discardableResult
func datasetError(_ body: () throws -> Void, sourceLocation: SourceLocation = #_sourceLocation) -> DatasetError? {
    do {
        try body()
        Issue.record("expected a DatasetError, nothing was thrown", sourceLocation: sourceLocation)
    } catch let error as DatasetError {
        return error
    } catch {
        Issue.record("expected a DatasetError, got \(error)", sourceLocation: sourceLocation)
    }
    return nil
}

/// An IDX image file in memory: magic, count, rows, columns, then `pixels`.
func idxImages(count: Int, rows: Int = 28, columns: Int = 28, pixels: [UInt8]? = nil, magic: UInt32 = 0x803) -> [UInt8] {
    bigEndian([magic, UInt32(count), UInt32(rows), UInt32(columns)])
        + (pixels ?? [UInt8](repeating: 7, count: count * rows * columns))
}

/// An IDX label file in memory.
func idxLabels(_ labels: [UInt8], declaredCount: Int? = nil, magic: UInt32 = 0x801) -> [UInt8] {
    bigEndian([magic, UInt32(declaredCount ?? labels.count)]) + labels
}

func bigEndian(_ values: [UInt32]) -> [UInt8] {
    values.flatMap { v in [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: v >> UInt32($0)) } }
}
