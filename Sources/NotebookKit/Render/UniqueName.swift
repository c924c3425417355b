/// `base`, or `base-2`, `base-3`, ... : the first not in `used`, which it
/// joins. Heading ids and report folder names are made unique this way.
func uniqueName(_ base: String, among used: inout Set<String>) -> String {
  var name = base
  var n = 2
  while used.contains(name) {
    name = "\(base)-\(n)"
    n += 1
  }
  used.insert(name)
  return name
}
