kind = "service-splitter"
name = "payments"

splits = [
  {
    weight         = 100
    service_subset = "blue"
  },
  {
    service_subset = "green"
  },
]
