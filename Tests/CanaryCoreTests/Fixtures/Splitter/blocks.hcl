Kind = "service-splitter"
Name = "payments"

Splits {
  Weight        = 70
  ServiceSubset = "blue"
}

Splits {
  Weight        = 20
  ServiceSubset = "green"
}

Splits {
  Weight        = 10
  ServiceSubset = "canary"
}
