import NotebookProtocol

/// Something a cell can `show`: it writes its figure file (if any) and says
/// how the report should present it.
public protocol Displayable {
  func render(in session: NotebookSession) throws -> RichOutput
}

/// Shows a picture, plot or table in the report, under the running cell.
public func show(_ item: some Displayable) throws {
  let session = NotebookSession.shared
  session.send(.output(cell: session.currentCell, try item.render(in: session)))
}

/// A figure could not be drawn; the message says which and why.
public struct FigureError: Error, CustomStringConvertible {
  public var message: String
  public var description: String { message }
}
