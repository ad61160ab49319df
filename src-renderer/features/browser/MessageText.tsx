import { memo } from 'react';
import Markdown from 'react-markdown';
import rehypeHighlight from 'rehype-highlight';
import remarkGfm from 'remark-gfm';

/** An image the agent kept only as a placeholder ("[image image/png, 2.9 KB]"): shown as a tag. */
const IMAGE_PLACEHOLDER = /^\[image [^\]]+\]$/;

/**
 * A turn's text as Markdown with highlighted code blocks. Raw HTML in the text is shown as
 * text, never rendered (react-markdown's default), so a transcript cannot inject markup.
 */
export const MessageText = memo(function MessageText({ text }: { text: string }) {
  if (IMAGE_PLACEHOLDER.test(text.trim())) return <span className="image-placeholder" role="img" aria-label={text.trim()}>{text.trim()}</span>;
  return (
    <div className="markdown">
      <Markdown remarkPlugins={[remarkGfm]} rehypePlugins={[[rehypeHighlight, { detect: false, ignoreMissing: true }]]}>
        {text}
      </Markdown>
    </div>
  );
});
