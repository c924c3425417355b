/// Every post's models, one file per post (`Post000ConvolutionAutoencoder.swift`
/// ...). A notebook can `import ModelZoo` to show or build one:
///
/// ```swift
/// import ModelZoo
/// print(ModelZoo.model(named: "post002-dense")!.build())
/// ```
public enum ModelZoo {
  public static let all: [ZooModel] =
    post000 + post001 + post002 + post003 + post004

  public static func model(named name: String) -> ZooModel? {
    all.first { $0.name == name }
  }

  public static var names: [String] { all.map(\.name) }
}
