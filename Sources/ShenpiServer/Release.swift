import ShenpiStore

/// Which build this is: what `shenpi --version` prints, the daemon logs at
/// start and `/metrics` exports as `shenpi_build_info`. The version is set
/// by hand for a release (docs/operations.md, "Upgrade"); the schema is the
/// last migration this build applies, which tells whether an upgrade
/// changes the database file (and a downgrade is then refused).
public enum Release {
    public static let version = "0.1.0"
    public static var schema: String { AppDatabase.schema }
}
