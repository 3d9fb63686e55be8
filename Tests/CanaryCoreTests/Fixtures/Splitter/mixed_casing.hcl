Kind = "service-splitter"
name = "payments"
Meta {
  team = "payments"
}

Splits = [
  {
    Weight        = 75
    service_subset = "blue"
  },
  {
    weight        = 25
    ServiceSubset = "green"
  },
]
