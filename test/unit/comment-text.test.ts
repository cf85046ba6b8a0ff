import { plainTextOf, sameCommentText } from '../../src/wrike/comment-text';

describe('sameCommentText', () => {
  it('matches HTML with the plain text Wrike gives for it, however its editor rewrote the markup', () => {
    const sent = '<p>Deal  <b>won</b> &amp; signed<br>Next: kickoff</p>';
    expect(sameCommentText('Deal won & signed\nNext: kickoff', sent)).toBe(true);
    expect(sameCommentText('  Deal won &  signed Next: kickoff ', sent)).toBe(true);
  });

  it('tells different texts apart', () => {
    expect(sameCommentText('Deal won & signed', '<p>Deal lost &amp; signed</p>')).toBe(false);
    expect(sameCommentText('Deal won', '<p>Deal won today</p>')).toBe(false);
  });

  it('decodes named and numeric entities', () => {
    expect(plainTextOf('a&lt;b&gt;c &#233;t&#xE9; &quot;q&quot; &unknown;')).toBe('a<b>c été "q" &unknown;');
  });
});
