print("exercises")
