Kind = "service-splitter"
Name = "payments"

# windows line endings
Splits = [
  {
    Weight = 50
    ServiceSubset = "blue"
  },
  {
    Weight = 50
    ServiceSubset = "green"
  }
]
