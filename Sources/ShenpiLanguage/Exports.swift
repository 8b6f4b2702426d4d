// The model embeds parsed expressions; users of the language layer see their types.
@_exported import ShenpiExpression
