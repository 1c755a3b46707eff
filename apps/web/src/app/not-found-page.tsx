export function NotFoundPage() {
  return (
    <div className="state">
      <h1>Page not found</h1>
      <p>
        <a href="/">Back to the dashboard</a>
      </p>
    </div>
  );
}
