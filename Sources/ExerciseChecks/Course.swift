/// Every exercise of the course, in order, and how to find one.
public enum Course {
    /// All exercises, chapter by chapter.
    public static let exercises: [Exercise] = chapter01Exercises + chapter02Exercises + chapter03Exercises + chapter04Exercises
        + chapter05Exercises + chapter06Exercises + chapter07Exercises

    /// The exercise numbered `id` ("1.2"), if there is one.
    public static func exercise(_ id: String) -> Exercise? { exercises.first { $0.id == id } }

    /// Which code the checks run against: the student's `Exercises/` or, with `--traits Solutions`, `Solutions/`.
    public static var checkedFolder: String {
        #if Solutions
        "Solutions/"
        #else
        "Exercises/"
        #endif
    }
}
