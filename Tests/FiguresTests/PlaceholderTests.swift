import Testing
import Figures
@Test func FiguresBuilds() {}
