import Foundation
import ShenpiCalendar

/// The OpenAPI description served at `/v1/openapi.yaml`: the bundled copy
/// of docs/api/openapi.yaml (a test keeps the two identical).
enum OpenAPIDocument {
    /// `nil` when the installation lacks its resource bundle (the route then says so).
    static let text: String? = {
        guard let url = ResourceFolder.bundle(named: "Shenpi_ShenpiAPI.resources")?.url(forResource: "openapi", withExtension: "yaml"),
            let data = try? Data(contentsOf: url)
        else { return nil }
        return String(decoding: data, as: UTF8.self)
    }()
}
