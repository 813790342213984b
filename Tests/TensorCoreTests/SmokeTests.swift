import Testing
import TensorCore
@Test func smoke() { #expect(Tensor([1, 2, 3]).sum().item == 6) }
