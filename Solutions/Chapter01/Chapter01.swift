/// The exercises of chapter 1 (tensors), one file per exercise: `Chapter01.broadcastShape(_:_:)`, ….
public enum Chapter01 {}
