import { MarkdownContent } from '@backstage/core-components';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import Alert from '@material-ui/lab/Alert';
import { TemplateUpgradePreview } from '@internal/backstage-plugin-eks-platform-common';

const useStyles = makeStyles(theme => ({
  diff: {
    fontFamily: 'monospace',
    fontSize: '0.8125rem',
    whiteSpace: 'pre',
    overflow: 'auto',
    maxHeight: '50vh',
    margin: 0,
    padding: theme.spacing(1),
    background: theme.palette.background.default,
    color: theme.palette.text.primary,
    border: `1px solid ${theme.palette.divider}`,
    // The scrolled region takes the keyboard focus (arrows scroll it): it
    // shows where that focus is.
    '&:focus-visible': {
      outline: `2px solid ${theme.palette.primary.main}`,
      outlineOffset: 2,
    },
  },
  section: { marginTop: theme.spacing(2) },
}));

export type PreviewState =
  | { kind: 'loading' }
  | { kind: 'loaded'; preview: TemplateUpgradePreview }
  | { kind: 'failed'; message: string };

export interface UpgradePreviewDialogProps {
  open: boolean;
  state: PreviewState;
  /** "Open pull request" or "Update pull request". */
  pullRequestLabel: string;
  /** Disabled while the pull request is being opened. */
  pullRequestBusy: boolean;
  onPullRequest: () => void;
  onClose: () => void;
}

function PreviewBody({ preview }: { preview: TemplateUpgradePreview }) {
  const classes = useStyles();
  if (preview.upToDate) {
    return (
      <Typography>
        The repository already has the files of v{preview.toVersion}: there is
        nothing to change.
      </Typography>
    );
  }
  return (
    <>
      <Typography component="h3" variant="h6">
        Changelog
      </Typography>
      {preview.changelog ? (
        <MarkdownContent content={preview.changelog} />
      ) : (
        <Typography>
          The template has no changelog for these versions.
        </Typography>
      )}
      <Typography component="h3" variant="h6" className={classes.section}>
        Conflicts
      </Typography>
      {preview.conflicts.length === 0 ? (
        <Typography>
          None: the template&apos;s changes merge cleanly with the
          repository&apos;s.
        </Typography>
      ) : (
        <>
          <Typography>
            The pull request leaves conflict markers in these files, for the
            team to resolve on its branch before merging:
          </Typography>
          <ul aria-label="Files with conflicts">
            {preview.conflicts.map(file => (
              <li key={file}>
                <code>{file}</code>
              </li>
            ))}
          </ul>
        </>
      )}
      <Typography component="h3" variant="h6" className={classes.section}>
        Changes ({preview.changedFiles.length}{' '}
        {preview.changedFiles.length === 1 ? 'file' : 'files'})
      </Typography>
      {/* Focusable so the keyboard can scroll it (axe scrollable-region-focusable). */}
      <pre
        className={classes.diff}
        // A scrolled region is reached by Tab so arrow keys can scroll it
        // (WCAG 2.1.1; axe scrollable-region-focusable): not a widget, but
        // the tab stop is what keyboard users need.
        // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex
        tabIndex={0}
        role="region"
        aria-label="Diff of the upgrade"
        data-testid="template-upgrade-diff"
      >
        {preview.diff}
      </pre>
      {preview.diffTruncated && (
        <Typography variant="body2">
          The diff is cut here; the pull request has all of it.
        </Typography>
      )}
    </>
  );
}

/**
 * The upgrade's dry run: the changelog between the versions, the files
 * that would have conflicts, and the diff (monospace, scrollable by
 * keyboard). MUI's Dialog traps the focus and closes on Escape.
 */
export function UpgradePreviewDialog(props: UpgradePreviewDialogProps) {
  const { open, state, onClose } = props;
  const title =
    state.kind === 'loaded'
      ? `Template upgrade v${state.preview.fromVersion} → v${state.preview.toVersion}`
      : 'Template upgrade';
  return (
    <Dialog
      open={open}
      onClose={onClose}
      maxWidth="lg"
      fullWidth
      aria-labelledby="template-upgrade-preview-title"
    >
      <DialogTitle id="template-upgrade-preview-title">{title}</DialogTitle>
      <DialogContent>
        {state.kind === 'loading' && (
          <Typography role="status">
            Rendering both template versions and merging them with the
            repository…
          </Typography>
        )}
        {state.kind === 'failed' && (
          <Alert severity="error">
            Could not preview the upgrade. {state.message}
          </Alert>
        )}
        {state.kind === 'loaded' && <PreviewBody preview={state.preview} />}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Close</Button>
        {state.kind === 'loaded' && !state.preview.upToDate && (
          <Button
            color="primary"
            variant="contained"
            disabled={props.pullRequestBusy}
            onClick={props.onPullRequest}
          >
            {props.pullRequestLabel}
          </Button>
        )}
      </DialogActions>
    </Dialog>
  );
}
