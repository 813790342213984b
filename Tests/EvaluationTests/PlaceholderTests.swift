import Testing
import Evaluation
@Test func evaluationBuilds() {}
