import Foundation
import Testing
import TensorCore
@testable import Figures

@Suite struct ImageGridTests {
    @Test func gridGeometryMatchesTorchvision() {
        let batch = Tensor.zeros([16, 1, 28, 28])
        let grid = Image.grid(of: batch, valueRange: .zeroToOne, nrow: 4, padding: 2)
        #expect(grid.width == 4 * 30 + 2 && grid.height == 4 * 30 + 2 && grid.channels == 1)
        // A partial last row: 10 images, 8 per row → 2 rows of 8 columns.
        let partial = Image.grid(of: Tensor.zeros([10, 3, 5, 7]), valueRange: .zeroToOne, nrow: 8, padding: 2)
        #expect(partial.width == 8 * 9 + 2 && partial.height == 2 * 7 + 2 && partial.channels == 3)
    }

    @Test func scaleEnlargesTheWholeGrid() {
        let grid = Image.grid(of: Tensor.zeros([16, 1, 28, 28]), valueRange: .zeroToOne, nrow: 4, padding: 2, scale: 3)
        #expect(grid.width == (4 * 30 + 2) * 3 && grid.height == (4 * 30 + 2) * 3)
    }

    @Test func imagesLandInReadingOrderBetweenPadding() {
        // Four 2×2 images with brightness 0.25, 0.5, 0.75, 1 in a 2×2 grid, padding 1 of value 0.
        let values: [Float] = [0.25, 0.5, 0.75, 1].flatMap { [Float](repeating: $0, count: 4) }
        let grid = Image.grid(of: Tensor(values, shape: [4, 1, 2, 2]), valueRange: .zeroToOne, nrow: 2, padding: 1)
        #expect(grid.width == 7 && grid.height == 7)
        #expect(grid[0, 0] == [0] && grid[3, 3] == [0])
        #expect(grid[1, 1] == [64] && grid[4, 1] == [128] && grid[1, 4] == [191] && grid[5, 5] == [255])
    }

    @Test func minusOneToOneMapsToFullRangeAndClamps() {
        let x = Tensor([-1, 0, 1, -3, 2], shape: [1, 1, 1, 5])
        let image = Image.grid(of: x, valueRange: .minusOneToOne, padding: 0)
        #expect(image.pixels == [0, 128, 255, 0, 255])
    }

    @Test func theTutorialPitfallLosesTheDarkHalf() {
        // tanh samples saved as if in [0, 1]: every value below 0 turns black.
        let x = Tensor([-1, -0.5, 0, 0.5, 1], shape: [1, 1, 1, 5])
        let wrong = Image.grid(of: x, valueRange: .zeroToOne, padding: 0)
        let right = Image.grid(of: x, valueRange: .minusOneToOne, padding: 0)
        #expect(wrong.pixels == [0, 0, 0, 128, 255])
        #expect(right.pixels == [0, 64, 128, 191, 255])
    }

    @Test func minMaxUsesTheWholeBatchsRange() {
        let x = Tensor([2, 4, 6], shape: [3, 1, 1, 1])
        let image = Image.grid(of: x, valueRange: .minMax, nrow: 3, padding: 0)
        #expect(image.pixels == [0, 128, 255])
    }

    @Test func float64TensorsAndRGBChannelsKeepTheirOrder() {
        // One 1×1 RGB pixel: red 1, green 0, blue 0.5.
        let x = Tensor(doubles: [1, 0, 0.5], shape: [1, 3, 1, 1])
        let image = Image(tensor: x[0..<1].reshape([3, 1, 1]), valueRange: .zeroToOne, scale: 2)
        #expect(image.width == 2 && image.height == 2 && image.channels == 3)
        #expect(image[1, 1] == [255, 0, 128])
    }

    @Test func stripAndCaptionComposeImages() {
        let a = Image(width: 10, height: 10, channels: 1, fill: [0])
        let b = Image(width: 20, height: 5, channels: 3, fill: [255, 0, 0])
        let strip = Image.row([a, b], spacing: 4)
        #expect(strip.width == 34 && strip.height == 10)
        #expect(strip[0, 0] == [0, 0, 0] && strip[14, 0] == [255, 0, 0] && strip[14, 7] == [255, 255, 255])
        let captioned = strip.captioned("step 100")
        #expect(captioned.height == 10 + 18 + 4)
        let band = captioned.height - strip.height
        let inkInBand = (0..<band).contains { y in (0..<captioned.width).contains { captioned[$0, y] == [0, 0, 0] } }
        #expect(inkInBand)
        #expect(captioned[(captioned.width - strip.width) / 2, captioned.height - 1] == [0, 0, 0])
    }
}
