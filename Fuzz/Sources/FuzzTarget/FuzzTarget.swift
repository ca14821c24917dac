import Foundation
import FuzzProperties

/// The property checked is named by the environment variable STABILITY_FUZZ
/// (config, duration, time, events, version-order); one binary serves all.
func selectedProperty() -> @Sendable ([UInt8]) -> Bool {
  let name = ProcessInfo.processInfo.environment["STABILITY_FUZZ"] ?? "config"
  for entry in FuzzProperties.all where entry.name == name { return entry.check }
  return FuzzProperties.all[0].check
}

let property = selectedProperty()

@_silgen_name("LLVMFuzzerRunDriver")
func runDriver(
  _ argc: UnsafeMutablePointer<Int32>,
  _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
  _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
) -> Int32

/// SwiftPM links an executable's entry as `<Target>_main`; hand it to libFuzzer.
@_cdecl("FuzzTarget_main")
public func entry(
  _ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
) -> Int32 {
  var count = argc
  var arguments = argv
  return runDriver(&count, &arguments) { data, size in
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    if !property(bytes) { abort() }
    return 0
  }
}
