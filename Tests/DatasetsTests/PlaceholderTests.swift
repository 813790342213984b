import Testing
import Datasets
@Test func DatasetsBuilds() {}
