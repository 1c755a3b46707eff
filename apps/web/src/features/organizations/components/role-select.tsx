import type { Member, OrganizationRole } from '@docket/contracts/organizations';

/** A member's role: a menu of `roles` (those the caller may give), or just the role when they may give none. */
export function RoleSelect({ member, roles, disabled, onChange }: { member: Member; roles: OrganizationRole[]; disabled: boolean; onChange: (role: OrganizationRole) => void }) {
  if (roles.length === 0) return <span className={`badge role ${member.role}`}>{member.role}</span>;
  return (
    <select
      className="inline-select"
      aria-label={`Role of ${member.email}`}
      value={member.role}
      disabled={disabled}
      // The options are exactly `roles`, so the chosen value is one of them.
      onChange={(event) => onChange(event.target.value as OrganizationRole)}
    >
      {roles.map((role) => (
        <option key={role} value={role}>
          {role}
        </option>
      ))}
    </select>
  );
}
