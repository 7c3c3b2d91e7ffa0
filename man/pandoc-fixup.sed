# Post-processes the roff that pandoc 2.17 (`-t man') writes, so that the
# pages pass `mandoc -Tlint' and `groff -ww -z -man' without a word and read
# the same under both formatters.  Each rule says which complaint it answers.

# pandoc defines a font named V with `.ftr' in a preamble, for inline code.
# mandoc still reports \f[V] as an invalid escape with the preamble in
# place; the rules below stop using V, and the preamble goes with it.
/^\.\\" Define V font/,/^\.\\" that render this/d
/^\.ie "\\f\[CB\]x\\f\[\]"x" \\{\\$/,/^\.\\}$/d
/^\.el \\{\\$/,/^\.\\}$/d

# Code blocks: pandoc brackets the lines of a no-fill block with `\f[C]' and
# `\f[R]' on lines of their own.  mandoc rejects the C font ("invalid escape
# sequence"), and prints an empty line for each of those lines.  The block is
# already set apart by indentation and no-fill mode: drop the font changes.
/^\.nf$/,/^\.fi$/{
	/^\\f\[[CR]\]$/d
}

# Inline code: pandoc writes \f[V] (and \f[VB], \f[VI], \f[VBI]); older
# versions wrote \f[C], \f[CR], \f[CB], \f[CI].  mandoc does not know V or C
# and not every mandoc knows CR, and groff has no font V without the preamble.
# Literal text in man pages is bold, by convention.
s/\\f\[\(V\|C\|CR\|CW\|VB\|CB\)\]/\\f[B]/g
s/\\f\[\(VI\|CI\|VBI\|CBI\)\]/\\f[BI]/g

# pandoc turns hyphenation on (`.hy').  These pages are full of identifiers
# such as rseq_current_node_id, and one broken across lines with a hyphen
# reads as a different name: turn it off.
s/^\.hy$/.nh/

# pandoc starts every section with `.PP' even though `.SH' and `.SS' already
# begin a paragraph: mandoc warns "skipping paragraph macro: PP after SH".
# The hold space keeps the previous line (see the end of the script).
/^\.PP$/{
	x
	/^\.S[HS] /{
		x
		d
	}
	x
}

# pandoc 2.17 leaves `-' in text as is, which groff may typeset as a hyphen
# (U+2010): an option or a command copied from the page would then fail.
# `\-' is the minus sign, which both formatters print as ASCII `-' on a
# terminal.  Requests and macro lines (starting with `.' or `'') are left
# alone.
/^[.']/!{
	:dash
	s/\(^\|[^\\]\)-/\1\\-/
	t dash
}

# Remember this line for the `.PP' rule.
h
