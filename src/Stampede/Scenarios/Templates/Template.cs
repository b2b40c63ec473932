using System.Text;
using Stampede.Scenarios.Flow;

namespace Stampede.Scenarios.Templates;

/// <summary>
/// A text with <c>{{ … }}</c> expressions, compiled once when the scenario is loaded
/// (<see cref="TemplateCompiler"/>). Rendering walks the compiled parts: no parsing, no reflection, and no
/// allocation but the resulting string; a text without expressions renders as itself.
/// </summary>
internal sealed class Template
{
    private readonly object[] _parts;
    private byte[]? _constantUtf8;

    internal Template(string source, object[] parts, TemplateEscape escape)
    {
        Source = source;
        _parts = parts;
        Escape = escape;
        if (parts.Length == 0)
        {
            Constant = "";
        }
        else if (parts is [string only])
        {
            Constant = only;
        }
    }

    /// <summary>The text as written in the file.</summary>
    public string Source { get; }

    /// <summary>How run-time values are escaped.</summary>
    public TemplateEscape Escape { get; }

    /// <summary>The rendered text when it never changes (no run-time expressions), else null.</summary>
    public string? Constant { get; }

    /// <summary>True when every rendering gives <see cref="Constant"/>.</summary>
    public bool IsConstant => Constant is not null;

    /// <summary>A template that always renders <paramref name="text"/>.</summary>
    public static Template Of(string text) => new(text, text.Length == 0 ? [] : [text], TemplateEscape.None);

    /// <summary>Renders for a VU.</summary>
    public string Render(FlowState state)
    {
        if (Constant is { } constant)
        {
            return constant;
        }

        var writer = new TemplateWriter(Source.Length + 32);
        try
        {
            RenderTo(ref writer, state);
            return writer.ToString();
        }
        finally
        {
            writer.Dispose();
        }
    }

    /// <summary>
    /// Renders as UTF-8, the form a request body is sent in: the only allocation is the returned array (none
    /// for a constant template, whose bytes are encoded once and shared — callers must not change them).
    /// </summary>
    public byte[] RenderUtf8(FlowState state)
    {
        if (Constant is { } constant)
        {
            return _constantUtf8 ??= Encoding.UTF8.GetBytes(constant);
        }

        var writer = new TemplateWriter(Source.Length + 32);
        try
        {
            RenderTo(ref writer, state);
            return writer.ToUtf8Array();
        }
        finally
        {
            writer.Dispose();
        }
    }

    /// <summary>Appends the rendered text to <paramref name="writer"/> (nothing is allocated: the writer's buffer is pooled).</summary>
    public void RenderTo(ref TemplateWriter writer, FlowState state)
    {
        foreach (var part in _parts)
        {
            if (part is string text)
            {
                writer.AppendRaw(text);
            }
            else
            {
                ((TemplateExpression)part).Write(ref writer, state, Escape);
            }
        }
    }

    /// <inheritdoc />
    public override string ToString() => Source;
}
