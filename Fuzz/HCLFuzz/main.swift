/// libFuzzer entry point for the splitter engine: HCL1 and JSON readers, entry decoding,
/// validation, edits, the format-preserving writer and the JSON renderer.
///
/// Built by `Fuzz/run-hcl-fuzz.sh` together with `Sources/CanaryCore/Splitter` as one
/// module (so `internal` API is reachable) with `-sanitize=fuzzer,address
/// -parse-as-library`: libFuzzer supplies `main` and calls the `@_cdecl` function below
/// once per input. A Swift trap (`fatalError`, overflow, out-of-bounds index) or an
/// AddressSanitizer report is a finding; refusals with a typed error are not.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    FuzzHarness.run(text)
    return 0
}
