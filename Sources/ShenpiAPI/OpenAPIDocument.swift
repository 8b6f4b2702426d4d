import Foundation

/// The OpenAPI description served at `/v1/openapi.yaml`: the bundled copy
/// of docs/api/openapi.yaml (a test keeps the two identical).
enum OpenAPIDocument {
    static let text: String = {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "yaml"),
            let data = try? Data(contentsOf: url)
        else { return "openapi: 3.1.0\ninfo: {title: Shenpi, version: unavailable}\npaths: {}\n" }
        return String(decoding: data, as: UTF8.self)
    }()
}
