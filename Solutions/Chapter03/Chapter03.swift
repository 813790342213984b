/// The exercises of chapter 3 (the vanilla MLP GAN), one file per exercise:
/// `Chapter03.discriminatorLoss`, `generatorLoss`, `pixelBytes`, `frechetDistance`, `shouldLog`.
public enum Chapter03 {}
