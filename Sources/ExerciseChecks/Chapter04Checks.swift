/// Chapter 4's exercises, written by the chapter's author (see `Exercise` for how to add one).
let chapter04Exercises: [Exercise] = []
