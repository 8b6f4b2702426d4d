import LibYAML

/// A libyaml event copied into Swift values, so the tree builder never
/// touches C memory and can be reasoned about (and tested) on its own.
enum YAMLEvent {
    enum Collection { case mapping, sequence }

    case streamStart
    case streamEnd
    case documentStart(SourceRange)
    case documentEnd
    case scalar(Scalar, anchor: String?)
    case alias(String, SourceRange)
    case collectionStart(Collection, anchor: String?, SourceRange)
    case collectionEnd(SourceRange)
}

extension Loader {
    /// Feeds libyaml's events into `builder` until the stream ends, the builder
    /// has seen enough, or libyaml reports an error (which becomes a `syntax`
    /// diagnostic and fails the build).
    func parseEvents(_ source: SourceText, file: String, into builder: inout TreeBuilder) {
        let finished: Void? = withLibYAMLParser(source) { parser in
            while true {
                var event = yaml_event_t()
                guard yaml_parser_parse(parser, &event) == 1 else {
                    builder.fail(LibYAMLError(parser, source: source).diagnostic(file: file))
                    return
                }
                defer { yaml_event_delete(&event) }
                // libyaml answers "no event" after the stream has ended; never spin on it.
                if event.type == YAML_NO_EVENT { return }
                guard let decoded = Self.decode(event, source) else { continue }
                if case .streamEnd = decoded { return }
                guard builder.handle(decoded) else { return }
            }
        }
        if finished == nil {
            builder.fail(.loader(LoaderRule.syntax, "libyaml could not start a parser", file: file, range: .fileStart))
        }
    }

    static func decode(_ event: yaml_event_t, _ source: SourceText) -> YAMLEvent? {
        let range = source.range(event.start_mark, event.end_mark)
        switch event.type {
        case YAML_STREAM_START_EVENT:
            return .streamStart
        case YAML_STREAM_END_EVENT:
            return .streamEnd
        case YAML_DOCUMENT_START_EVENT:
            return .documentStart(range)
        case YAML_DOCUMENT_END_EVENT:
            return .documentEnd
        case YAML_ALIAS_EVENT:
            return .alias(string(event.data.alias.anchor) ?? "", range)
        case YAML_SCALAR_EVENT:
            let data = event.data.scalar
            let value: String
            if let pointer = data.value {
                // By length, not C string: a "\0" escape puts a NUL inside the value.
                value = String(decoding: UnsafeBufferPointer(start: pointer, count: max(0, data.length)), as: UTF8.self)
            } else {
                value = ""
            }
            let scalar = Scalar(value: value, style: style(data.style), tag: tag(data.tag), range: range)
            return .scalar(scalar, anchor: string(data.anchor))
        case YAML_SEQUENCE_START_EVENT:
            return .collectionStart(.sequence, anchor: string(event.data.sequence_start.anchor), range)
        case YAML_MAPPING_START_EVENT:
            return .collectionStart(.mapping, anchor: string(event.data.mapping_start.anchor), range)
        case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
            return .collectionEnd(range)
        default:
            return nil
        }
    }

    private static func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        pointer.map { String(cString: $0) }
    }

    /// libyaml resolves `!!str` to the full `tag:yaml.org,2002:str`; give it
    /// back in the short form people write and rules compare against.
    static func tag(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        guard let tag = string(pointer) else { return nil }
        let core = "tag:yaml.org,2002:"
        return tag.hasPrefix(core) ? "!!" + tag.dropFirst(core.count) : tag
    }

    static func style(_ style: yaml_scalar_style_t) -> ScalarStyle {
        switch style {
        case YAML_SINGLE_QUOTED_SCALAR_STYLE: return .singleQuoted
        case YAML_DOUBLE_QUOTED_SCALAR_STYLE: return .doubleQuoted
        case YAML_LITERAL_SCALAR_STYLE: return .literal
        case YAML_FOLDED_SCALAR_STYLE: return .folded
        default: return .plain
        }
    }
}
