"""What a change does to each cluster: two sides' applied objects compared, and shown.

`compare(base, head, key=...)` takes, per cluster (its sync path), the objects Flux
applies there at each revision and returns a `Report`: objects added, removed, changed
and moved, their field changes, images, and the dangers listed first. The formats in
`scaffold.diff.render` turn a report into text, Markdown, JSON or GitHub notices.
Nothing here reads a file or Git, and no Secret value ever reaches a report.
"""
