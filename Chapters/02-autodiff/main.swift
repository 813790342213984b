print("chapter 2")
