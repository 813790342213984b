// `swift run exercises`: which exercises are done, and what to do next.
// `swift run exercises --hint 1.3`: the hint of one exercise.
// `swift run --traits Solutions exercises`: the same against the reference answers.
import ExerciseChecks

let arguments = Array(CommandLine.arguments.dropFirst())
switch arguments.first {
case nil:
    printProgress()
case "--hint" where arguments.count == 2:
    print(hintText(for: arguments[1]))
case "--help", "-h":
    print("""
    USAGE: exercises [--hint <number>]

    Checks every exercise of the course in order, prints a table of what is done,
    and shows what is wrong with the first exercise that is not, with its hint.

    OPTIONS:
      --hint <number>   Print the hint of one exercise, e.g. --hint 2.3.
      -h, --help        Show this help.
    """)
default:
    print("exercises: unexpected arguments \(arguments.joined(separator: " ")); try `swift run exercises --help`.")
    exit(2)
}

import Foundation
