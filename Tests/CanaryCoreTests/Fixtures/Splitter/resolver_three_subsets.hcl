Kind          = "service-resolver"
Name          = "payments"
DefaultSubset = "blue"
ConnectTimeout = "5s"

Subsets = {
  blue = {
    Filter      = "Service.Meta.version == 2"
    OnlyPassing = true
  }
  green = {
    filter = "Service.Meta.version == 3"
  }
  canary = {
    Filter       = "Service.Meta.version == 4"
    only_passing = true
  }
}

Failover = {
  "*" = {
    Datacenters = ["dc2"]
  }
}
