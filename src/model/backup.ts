// What AWS Backup's notifications and restore testing look like, shared by the builder, the runbook and the key and
// topic policies (cdktf-free).

/**
 * The EventBridge pattern of a failed job: AWS Backup sends "Backup Job State Change", "Copy Job State Change" and
 * "Restore Job State Change" events from source aws.backup to the default bus of the job's region
 * (https://docs.aws.amazon.com/eventbridge/latest/ref/events-ref-backup.html, https://docs.aws.amazon.com/aws-backup/latest/devguide/eventbridge.html),
 * the job's state in `detail.state`; FAILED, ABORTED, EXPIRED and PARTIAL are the states of a job that did not complete
 * all it was to do (https://docs.aws.amazon.com/aws-backup/latest/devguide/API_BackupJob.html, State;
 * https://docs.aws.amazon.com/aws-backup/latest/devguide/API_CopyJob.html, State).
 */
export function backupFailurePattern(): string {
  return JSON.stringify({
    source: ['aws.backup'],
    'detail-type': ['Backup Job State Change', 'Copy Job State Change', 'Restore Job State Change'],
    detail: { state: ['FAILED', 'ABORTED', 'EXPIRED', 'PARTIAL'] },
  });
}

/**
 * Restore testing: every Saturday at 05:00 UTC, within 8 hours, the latest snapshot of the last 7 days of each kind of
 * store, kept 24 hours for validation and then deleted by AWS Backup
 * (https://docs.aws.amazon.com/aws-backup/latest/devguide/restore-testing.html).
 */
export const RESTORE_TESTING = { schedule: 'cron(0 5 ? * SAT *)', startWindowHours: 8, selectionWindowDays: 7, validationWindowHours: 24 } as const;
