import Testing
import NeuralNetworks
@Test func NeuralNetworksBuilds() {}
