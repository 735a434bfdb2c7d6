import { Typography } from 'antd';
import Markdown, { type Components } from 'react-markdown';

/**
 * The Markdown the legal texts are written in (`LegalDocument.body`: headings, paragraphs,
 * lists). react-markdown builds React elements, never HTML strings: raw HTML in the text is
 * dropped (`skipHtml`), links with a script scheme are emptied by its `urlTransform`, and
 * anything but the elements below (images, for one) keeps only its text.
 */
const allowedElements = [
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'p',
  'ul',
  'ol',
  'li',
  'strong',
  'em',
  'blockquote',
  'hr',
  'br',
  'code',
  'a',
];

const components: Components = {
  // A link leaves the text (and the form being filled in) in another tab.
  a: ({ href, children }) => (
    <a href={href} target="_blank" rel="noopener noreferrer">
      {children}
    </a>
  ),
};

export function LegalMarkdown({ children }: { children: string }) {
  return (
    <Typography className="legal-text">
      <Markdown skipHtml allowedElements={allowedElements} unwrapDisallowed components={components}>
        {children}
      </Markdown>
    </Typography>
  );
}
