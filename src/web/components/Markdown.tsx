import ReactMarkdown from 'react-markdown';

/**
 * A knowledge answer written in Markdown (issue 11: answers showed raw Markdown). Safe by default:
 * react-markdown builds React elements and never inserts HTML — a <script> or <img onerror> in an
 * entry shows as text — and drops javascript: links. Links open outside the app.
 */
export function Markdown({ children }: { children: string }) {
  return (
    <div className="o12345-markdown" style={{ lineHeight: 1.7, overflowWrap: 'anywhere' }}>
      <ReactMarkdown
        components={{
          a: ({ href, children: text }) => (
            <a href={href} target="_blank" rel="noopener noreferrer">
              {text}
            </a>
          ),
          p: ({ children: text }) => <p style={{ margin: '0 0 8px' }}>{text}</p>,
          ul: ({ children: items }) => <ul style={{ margin: '0 0 8px', paddingInlineStart: 22 }}>{items}</ul>,
          ol: ({ children: items }) => <ol style={{ margin: '0 0 8px', paddingInlineStart: 22 }}>{items}</ol>,
          table: ({ children: rows }) => <table style={{ borderCollapse: 'collapse', margin: '0 0 8px' }}>{rows}</table>,
        }}
      >
        {children}
      </ReactMarkdown>
    </div>
  );
}

export default Markdown;
