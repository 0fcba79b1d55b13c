/**
 * What class names, ids and tag names say about an element: likely article content, likely
 * boilerplate (navigation, sharing, comments, promotions...), or nothing. Generic web conventions
 * only; nothing here knows a particular site.
 */
import type { Element } from './dom.ts';
import { classAndId } from './dom.ts';

/** Likely article content. */
const POSITIVE = /article|body|content|entry|main|post|story|text|blog|prose|rich-?text|column|detail/;

/** Widgets so characteristic that the element is dropped even when its name also looks like content ("article-comments"). */
// biome-ignore format: a word list, laid out by hand
const STRONG_NEGATIVE = new RegExp(
  [
    'comment', 'disqus', 'footer', 'social', 'sharing', 'share(?:bar|tools|-?buttons|-?links|-?icons|-?this)',
    'related', 'recommend', 'newsletter', 'subscri', 'sign-?up', 'cookie', 'consent', 'gdpr',
    'paywall', 'breadcrumb', 'promo', 'advert', 'sponsor', 'outbrain', 'taboola', 'popup', 'modal',
    'trending', 'most-?read', 'most-?popular', 'caption', 'byline', 'author-?(?:bio|info|box|card)',
    'read-?more', 'more-?stories', 'also-?read', 'further-?reading', 'next-?article', 'up-?next',
    'tag-?list', 'print-?only', 'visually-?hidden', 'sr-only', 'screen-?reader', 'offscreen',
    'inline-?(?:ad|link|promo)s?\\b',
  ].join('|'),
);

/** Page furniture names, dropped when the name does not also look like content ("content-with-sidebar"). */
// biome-ignore format: a word list, laid out by hand
const WEAK_NEGATIVE = new RegExp(
  [
    'sidebar', 'navigation', 'navbar', 'toolbar', 'dropdown', 'carousel', 'gallery', 'widget',
    'masthead', 'popular', 'pagination', 'pager', 'copyright', 'disclaimer', 'login', 'signin',
    'site-?header', 'page-?header', 'article-?header', 'timestamp', 'dateline', 'credit', 'contributor',
    'slideshow', 'video-?player', 'skyscraper', 'banner', 'standfirst', 'subtitle', 'sub-?headline', 'strapline',
  ].join('|'),
);

/** Boilerplate as a whole word of a class name or id ("ad", "nav"...), too short to match as substrings. */
const NEGATIVE_WORD =
  /(?:^|[\s_-])(?:nav|menu|ads?|adv|dfp|rail|tags?|topics|share|meta|header|hide|hidden|tools|overlay|sticky|teaser|links|aside|extra|author|date|time|hed|dek|deck|headline|kicker|label|flag|badge|icons?|button|btn|cta|alert|notice|banner|masthead|logo|search|skip|more)(?:$|[\s_-])/;

/** Tags that are boilerplate wherever they are. */
const NEGATIVE_TAGS = new Set(['nav', 'aside', 'footer', 'header', 'form', 'figcaption', 'figure']);

export interface Hint {
  /** Class weight for scoring: +25 likely content, −25 likely boilerplate, 0 neither. */
  weight: number;
  /** True when anything (tag, role, class, id) says boilerplate, even if something else says content. */
  negative: boolean;
  /** True when the element should be dropped with its subtree (subject to the caller's safety checks). */
  drop: boolean;
}

const NEUTRAL: Hint = { weight: 0, negative: false, drop: false };

/** Reads the hints of one element. */
export function hintOf(element: Element): Hint {
  if (element.name === 'body' || element.name === 'html') return NEUTRAL;
  const tagNegative = NEGATIVE_TAGS.has(element.name);
  const names = classAndId(element);
  const role = element.attribs['role'];
  const roleNegative =
    role === 'navigation' ||
    role === 'complementary' ||
    role === 'contentinfo' ||
    role === 'banner' ||
    role === 'dialog' ||
    role === 'alert';
  if (!names) return tagNegative || roleNegative ? { weight: -25, negative: true, drop: true } : NEUTRAL;
  const positive = POSITIVE.test(names);
  const strong = STRONG_NEGATIVE.test(names);
  const weak = WEAK_NEGATIVE.test(names) || NEGATIVE_WORD.test(names);
  const negative = strong || weak || tagNegative || roleNegative;
  const weight = (positive ? 25 : 0) - (negative ? 25 : 0);
  const drop = tagNegative || roleNegative || strong || (weak && !positive);
  return { weight, negative, drop };
}
