Kind = "service-splitter"
Name = "payments"
Splits = [
  {
    Weight        = 60
    ServiceSubset = "blue"
    RequestHeaders {
      Set {
        "x-canary" = "false"
      }
    }
  },
  {
    Weight        = 40
    ServiceSubset = "green"
    RequestHeaders {
      Add {
        "x-canary"     = "true"
        "x-web-server" = "envoy"
      }
      Remove = ["x-debug", "x-trace",]
    }
    ResponseHeaders {
      Set {
        "x-served-by" = "green"
      }
    }
  },
]
