import type { CreatedApiToken } from '@docket/contracts/tokens';
import { CardSection } from '../../../components/card-section.tsx';
import { CopyableValue } from '../../../components/copyable-value.tsx';

/** A token just created: the one time its value is shown. */
export function CreatedTokenCard({ token }: { token: CreatedApiToken }) {
  return (
    <CardSection id="new-token" title={`Token “${token.name}” created`}>
      <p className="alert info">Copy it now: it is shown only once.</p>
      <CopyableValue value={token.token} label="New token" testId="new-token" />
    </CardSection>
  );
}
