print("gan-bench")
