print("grokscale: under construction")
