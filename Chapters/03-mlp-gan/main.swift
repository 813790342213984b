print("chapter 3")
