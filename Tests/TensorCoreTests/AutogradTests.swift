import Testing
import TensorCore

@Suite("Autodiff semantics (PyTorch's)")
struct AutogradTests {
    @Test("gradients accumulate until zeroGrad")
    func accumulation() {
        let x = Tensor([1, 2, 3]).requiringGrad()
        (x * x).sum().backward()
        #expect(x.grad?.scalars == [2, 4, 6])
        (x * 3).sum().backward()
        #expect(x.grad?.scalars == [5, 7, 9])
        x.zeroGrad()
        #expect(x.grad == nil)
    }

    @Test("a value used twice receives both contributions")
    func valueUsedTwice() {
        let x = Tensor(3).requiringGrad()
        let y = x * 2
        let z = y * y + y          // z = 4x² + 2x, dz/dx = 8x + 2 = 26
        z.backward()
        #expect(x.grad?.item == 26)
    }

    @Test("a 10,000-operation chain does not overflow the stack")
    func deepChain() {
        let x = Tensor(1).requiringGrad()
        var y = x
        for _ in 0..<10_000 { y = y * 1.0001 }
        y.backward()
        let expected = Foundation.pow(1.0001, 10_000.0)
        #expect(abs(Double(x.grad!.item) - expected) / expected < 1e-3)
    }

    @Test("the graph is released after backward unless retained")
    func graphRelease() {
        let x = Tensor([1, 2]).requiringGrad()
        let y = (x * x).sum()
        y.backward(retainGraph: true)
        #expect(y.graphDescription().contains("mul"))
        y.backward()
        #expect(x.grad?.scalars == [4, 8])   // twice 2x
        #expect(!y.graphDescription().contains("mul"))   // released: the inputs are gone
    }

    @Test("detach and withNoGrad stop gradients")
    func stopping() {
        let x = Tensor([1, 2]).requiringGrad()
        let d = x.detach()
        #expect(!d.requiresGrad)
        let y = withNoGrad { x * 2 }
        #expect(!y.requiresGrad)
        let z = (x * d).sum()      // d is a constant: dz/dx = d
        z.backward()
        #expect(x.grad?.scalars == [1, 2])
    }

    @Test("the GAN pattern: a detached use for D, then an attached use for G")
    func ganPattern() {
        let g = Tensor([0.5]).requiringGrad()     // a "generator" parameter
        let d = Tensor([2.0]).requiringGrad()     // a "discriminator" parameter
        let fake = g * 3
        (fake.detach() * d).sum().backward()      // D step: no gradient reaches g
        #expect(g.grad == nil)
        #expect(d.grad?.item == 1.5)
        (fake * d).sum().backward()               // G step: the graph through g is still there
        #expect(g.grad?.item == 6)
    }

    @Test("hand-written chain rule equals backward()")
    func chainRuleByHand() {
        let a = Tensor(2).requiringGrad(), b = Tensor(-3).requiringGrad()
        let c = a * b, d = c.tanh(), e = d + a
        e.backward()
        let dd = 1 - Foundation.tanh(-6.0) * Foundation.tanh(-6.0)
        #expect(abs(Double(a.grad!.item) - (dd * -3 + 1)) < 1e-6)
        #expect(abs(Double(b.grad!.item) - dd * 2) < 1e-6)
    }
}

import Foundation
